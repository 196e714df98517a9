"""What readers tell other apps.

- ``reader_erased``: a reader's data was just erased (inside the erasing
  transaction). Arguments: ``who`` (a ``holders.Who``), ``counts`` (what each
  app erased, ``{kind: n}``), ``remove_comments`` and ``actor`` (the staff
  user who answered the request, or None when the reader asked).
"""

from django.dispatch import Signal

reader_erased = Signal()
