"""``{% live_since %}``: the moment a page is rendered, for its event streams.

A page's first stream asks for events after this moment (``?since=``), so it
replays nothing the page already shows, and misses nothing that came while
the browser was opening it.
"""

from django import template

from gazette.live.bus import now_ms

register = template.Library()


@register.simple_tag
def live_since() -> int:
    return now_ms()
