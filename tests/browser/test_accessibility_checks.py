"""The checks every browser test relies on must themselves be able to fail."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_axe_fails_on_serious_violations_and_names_them(page, axe):
    page.goto("/")
    axe()
    page.set_content(
        '<html lang="en"><head><title>bad</title></head><body><main>'
        '<p class="muted">hard to read</p><input type="text"></main></body></html>'
    )
    # Through the CSSOM: the site's Content Security Policy refuses style="" attributes, as it should.
    page.evaluate("() => { document.querySelector('p.muted').style.color = '#bbb'; }")
    with pytest.raises(pytest.fail.Exception) as failed:
        axe()
    message = str(failed.value)
    assert "[serious] color-contrast" in message
    assert "[critical] label" in message
    assert "hard to read" in message
