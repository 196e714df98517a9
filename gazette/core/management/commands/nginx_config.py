"""Print the nginx configuration for this install (templates in deploy/nginx/).

    manage.py nginx_config --app 10.0.0.11:8000 --app 10.0.0.12:8000 \\
        --tls-cert /etc/letsencrypt/live/news.example/fullchain.pem \\
        --tls-key /etc/letsencrypt/live/news.example/privkey.pem \\
        > /etc/nginx/sites-available/gazette

Names and paths come from the settings (GAZETTE_BASE_URL, the static and media
roots, the languages); the options say where the app servers are and how TLS
is done.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

TEMPLATES = settings.BASE_DIR / "deploy" / "nginx"
PLACEHOLDER = re.compile(r"{{ (\w+) }}")


def render(name: str, values: dict[str, str]) -> str:
    """The template ``name`` with each ``{{ key }}`` replaced by its value."""
    text = (TEMPLATES / name).read_text()

    def value(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return PLACEHOLDER.sub(value, text)


def _language_map() -> str:
    """Accept-Language to one of the site's languages: the first one named."""
    codes = [code for code, _name in settings.LANGUAGES]
    first = [f'    "~*^{code}" {code};' for code in codes]
    anywhere = [f'    "~*(^|,)\\s*{code}" {code};' for code in codes]
    return "\n".join(first + anywhere)


class Command(BaseCommand):
    help = "Print the nginx configuration for Gazette (see README, Production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--app",
            action="append",
            metavar="HOST:PORT",
            help="An app server (repeat for each); default 127.0.0.1:8000.",
        )
        parser.add_argument("--tls-cert", default="")
        parser.add_argument("--tls-key", default="")
        parser.add_argument(
            "--no-tls",
            action="store_true",
            help="TLS ends at a load balancer in front; serve plain HTTP.",
        )
        parser.add_argument("--http-port", type=int, default=80)
        parser.add_argument("--https-port", type=int, default=443)
        parser.add_argument(
            "--purge-listen",
            default="127.0.0.1:8081",
            help="Where app servers send refreshes (GAZETTE_CACHE_PURGE_URLS).",
        )
        parser.add_argument("--cache-dir", default="/var/cache/nginx/gazette")
        parser.add_argument(
            "--server-name",
            action="append",
            help="Host names served; default GAZETTE_BASE_URL's host.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tls = not options["no_tls"]
        if tls and not (options["tls_cert"] and options["tls_key"]):
            raise CommandError(
                "Give --tls-cert and --tls-key (or --no-tls when a load balancer "
                "in front ends TLS)."
            )
        apps = options["app"] or ["127.0.0.1:8000"]
        for app in apps:
            if not re.fullmatch(r"[\w.\-\[\]:]+:\d{1,5}", app):
                raise CommandError(f"--app {app!r}: give HOST:PORT.")
        names = options["server_name"] or [
            urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname
        ]
        values = {
            "cache_dir": options["cache_dir"],
            "upstreams": "\n".join(
                f"    server {app} max_fails=3 fail_timeout=5s;" for app in apps
            ),
            "session_cookie": settings.SESSION_COOKIE_NAME,
            "default_language": settings.LANGUAGE_CODE.split("-")[0],
            "language_map": _language_map(),
            "server_names": " ".join(names),
            "http_port": str(options["http_port"]),
            "https_port": str(options["https_port"]),
            "tls_cert": options["tls_cert"],
            "tls_key": options["tls_key"],
            "purge_listen": options["purge_listen"],
        }
        values["public_locations"] = self._locations(
            values, proto="$scheme" if tls else "$http_x_forwarded_proto", refresh="0"
        )
        values["refresh_locations"] = self._locations(
            values, proto="https" if tls else "$http_x_forwarded_proto", refresh="1"
        )
        servers = render(
            "servers-tls.template" if tls else "servers-plain.template", values
        )
        values["servers"] = servers + "\n" + render("refresh.template", values)
        self.stdout.write(render("gazette.conf.template", values), ending="")

    def _locations(self, values: dict[str, str], *, proto: str, refresh: str) -> str:
        media = ""
        if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
            media = (
                "\n    location /media/ {\n"
                f"        alias {settings.MEDIA_ROOT}/;\n"
                "        expires 7d;\n"
                "        access_log off;\n"
                "    }\n"
            )
        return render(
            "locations.template",
            {
                **values,
                "forwarded_proto": proto,
                "refresh": refresh,
                "static_root": str(
                    settings.STATIC_ROOT or settings.DATA_DIR / "static"
                ),
                "media_location": media,
            },
        ).rstrip("\n")
