"""Addresses that come from Google (a meeting's link, a recording's file) become links only to Google over HTTPS.

Google's answer is data, not markup: a `javascript:` or `data:` address, plain http, or another host in it would
otherwise be a link on our page. Such an address is shown as the link's text alone; the CSP stays the second line.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django import template
from django.template.base import FilterExpression, NodeList, Parser, Token, token_kwargs
from django.template.context import Context
from django.utils.html import format_html, format_html_join

register = template.Library()

GOOGLE_DOMAIN = "google.com"
# What browsers read differently from urlsplit (a backslash is a slash to them) or silently drop (tabs, newlines).
_AMBIGUOUS = re.compile(r"[\\\s\x00-\x1f\x7f]")


@register.filter
def google_url(value: object) -> str:
    """The address if it is `https` to google.com or one of its subdomains (meet., docs., drive.), else ''."""
    url = str(value or "")
    if not url or _AMBIGUOUS.search(url):
        return ""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme.lower() != "https" or parts.username is not None or port not in (None, 443):
        return ""
    if host != GOOGLE_DOMAIN and not host.endswith(f".{GOOGLE_DOMAIN}"):
        return ""
    return url


class GoogleLinkNode(template.Node):
    def __init__(self, url: FilterExpression, attributes: dict[str, FilterExpression], nodelist: NodeList) -> None:
        self.url, self.attributes, self.nodelist = url, attributes, nodelist

    def render(self, context: Context) -> str:
        text = self.nodelist.render(context)
        href = google_url(self.url.resolve(context))
        if not href:
            return text
        attributes = format_html_join(
            "", ' {}="{}"', ((name, value.resolve(context)) for name, value in self.attributes.items())
        )
        return format_html('<a href="{}"{}>{}</a>', href, attributes, text)


@register.tag("google_link")
def google_link(parser: Parser, token: Token) -> GoogleLinkNode:
    """`{% google_link url id="x" %}text{% endgoogle_link %}`: a link if google_url allows `url`, else the text."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("google_link takes the address, then optional name=value attributes")
    attributes = token_kwargs(bits[2:], parser)
    if len(attributes) != len(bits) - 2:
        raise template.TemplateSyntaxError("google_link's attributes must be name=value")
    nodelist = parser.parse(("endgoogle_link",))
    parser.delete_first_token()
    return GoogleLinkNode(parser.compile_filter(bits[1]), attributes, nodelist)
