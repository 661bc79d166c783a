from __future__ import annotations

import pytest

from spaces.templatetags.meet_labels import google_label


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("TRUSTED", "Trusted"),
        ("DO_NOT_GENERATE", "Do not generate"),
        ("HOSTS_ONLY", "Hosts only"),
        ("ACCESS_TYPE_UNSPECIFIED", "Default"),
        ("", "Default"),
        (None, "Default"),
        ("SOMETHING_NEW", "Something new"),
    ],
)
def test_google_values_read_as_words(value, shown):
    assert google_label(value) == shown
