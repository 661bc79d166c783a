"""SpaceName.parse: the one parser for what people paste into "find a space"."""

from __future__ import annotations

import pytest

from meet_client import InvalidSpaceName, MeetingCodeNotAllowed, SpaceName, SpaceNameKind, space_id_of, space_name_of

ID = SpaceNameKind.ID
CODE = SpaceNameKind.MEETING_CODE

VALID = [
    # resource names
    ("spaces/jQCFfuBOdN5z", "jQCFfuBOdN5z", ID),
    ("spaces/abc-mnop-xyz", "abc-mnop-xyz", CODE),
    ("spaces/ABC-MNOP-XYZ", "abc-mnop-xyz", CODE),
    ("  spaces/jQCFfuBOdN5z\n", "jQCFfuBOdN5z", ID),
    ("spaces/abcmnopxyz", "abcmnopxyz", ID),  # after spaces/ without dashes it is an id, kept verbatim
    ("Spaces/jQCFfuBOdN5z", "jQCFfuBOdN5z", ID),
    ("spaces/AAAAjQCF_fu-BOd", "AAAAjQCF_fu-BOd", ID),
    # bare codes
    ("abc-mnop-xyz", "abc-mnop-xyz", CODE),
    ("ABC-MNOP-XYZ", "abc-mnop-xyz", CODE),
    ("Abc-Mnop-Xyz", "abc-mnop-xyz", CODE),
    ("abcmnopxyz", "abc-mnop-xyz", CODE),
    ("ABCMNOPXYZ", "abc-mnop-xyz", CODE),
    ("  abc-mnop-xyz  ", "abc-mnop-xyz", CODE),
    ("\tabc-mnop-xyz\n", "abc-mnop-xyz", CODE),
    ("ab-cdefghij-klm", "ab-cdefghij-klm", CODE),  # any [a-z]+-[a-z]+-[a-z]+, not only 3-4-3
    # bare ids
    ("jQCFfuBOdN5z", "jQCFfuBOdN5z", ID),
    ("abcd1234efgh", "abcd1234efgh", ID),
    # ...with Google's whole alphabet, `-` and `_` also first (ids seen in real answers)
    ("ATCX4-zHdhYB", "ATCX4-zHdhYB", ID),
    ("-yy3uKlef_QB", "-yy3uKlef_QB", ID),
    ("_QB3uKlef-yy", "_QB3uKlef-yy", ID),
    ("spaces/-yy3uKlef_QB", "-yy3uKlef_QB", ID),
    ("spaces/abc-_X9kLmnop", "abc-_X9kLmnop", ID),
    ("<-yy3uKlef_QB>", "-yy3uKlef_QB", ID),
    # links
    ("https://meet.google.com/abc-mnop-xyz", "abc-mnop-xyz", CODE),
    ("https://meet.google.com/abc-mnop-xyz?authuser=0&hs=122", "abc-mnop-xyz", CODE),
    ("http://meet.google.com/abc-mnop-xyz", "abc-mnop-xyz", CODE),
    ("https://meet.google.com/abc-mnop-xyz/", "abc-mnop-xyz", CODE),
    ("meet.google.com/abc-mnop-xyz", "abc-mnop-xyz", CODE),
    ("MEET.GOOGLE.COM/ABC-MNOP-XYZ", "abc-mnop-xyz", CODE),
    ("https://meet.google.com/abcmnopxyz", "abc-mnop-xyz", CODE),
    ("https://meet.google.com/abc-mnop-xyz#fragment", "abc-mnop-xyz", CODE),
    ("  https://meet.google.com/abc-mnop-xyz?pli=1  ", "abc-mnop-xyz", CODE),
    ("HTTPS://meet.google.com/abc-mnop-xyz", "abc-mnop-xyz", CODE),
    ("https://g.co/meet/abc-mnop-xyz", "abc-mnop-xyz", CODE),
    ("https://meet.google.com/_meet/abc-mnop-xyz?ijlm=1", "abc-mnop-xyz", CODE),
    ("<https://meet.google.com/abc-mnop-xyz>", "abc-mnop-xyz", CODE),
    ("abc-mnop-xyz.", "abc-mnop-xyz", CODE),
    ('"spaces/jQCFfuBOdN5z"', "jQCFfuBOdN5z", ID),
]

INVALID = [
    ("", "got nothing"),
    ("   ", "got nothing"),
    ("hello", "expected a Meet link"),
    ("abc-mnop", "expected a Meet link"),
    ("abc-mnop-xyz-qrs", "expected a Meet link"),
    ("abc_mnop_xyz", "expected a Meet link"),
    ("abc mnop xyz", "expected a Meet link"),
    ("Join: abc-mnop-xyz", "expected a Meet link"),
    ("https://meet.google.com/landing?authuser=0", "does not end in a meeting code"),
    ("abc-mn0p-xyz", "mistyped meeting code"),
    ("ABC-MN0P-XYZ", "mistyped meeting code"),
    ("abcmnopxy", "expected a Meet link"),
    ("spaces/", "no valid id or meeting code"),
    ("spaces/abc/def", "no valid id or meeting code"),
    ("spaces/jQCF fuBO", "no valid id or meeting code"),
    ("https://zoom.us/j/123456789", "not a meet.google.com link"),
    ("https://meet.google.com.evil.test/abc-mnop-xyz", "not a meet.google.com link"),
    ("https://meet.google.com/", "does not end in a meeting code"),
    ("https://meet.google.com/new", "does not end in a meeting code"),
    ("https://meet.google.com/lookup/fxx6ypyfs4", "lookup link"),
    ("https://meet.google.com/abc-mnop-xyz/extra", "does not end in a meeting code"),
    ("ftp://meet.google.com/abc-mnop-xyz", "not a web link"),
    ("mailto:alice@example.com", "not a meet.google.com link"),
    ("a-b-" + "c" * 130, "expected a Meet link"),
    ("spaces/" + "a" * 129, "no valid id or meeting code"),
]


@pytest.mark.parametrize(("pasted", "value", "kind"), VALID)
def test_valid_inputs_name_one_space(pasted, value, kind):
    name = SpaceName.parse(pasted)
    assert (name.value, name.kind) == (value, kind)
    assert name.name == f"spaces/{value}"


@pytest.mark.parametrize(("pasted", "message"), INVALID)
def test_invalid_inputs_say_what_was_expected(pasted, message):
    with pytest.raises(InvalidSpaceName, match=message) as caught:
        SpaceName.parse(pasted)
    assert isinstance(caught.value, ValueError)


def test_the_table_is_wide_enough():
    assert len(VALID) + len(INVALID) >= 30


def test_ids_are_case_sensitive_and_codes_are_not():
    assert SpaceName.parse("spaces/jQCFfuBOdN5z") != SpaceName.parse("spaces/JQCFFUBODN5Z")
    assert SpaceName.parse("ABC-mnop-XYZ") == SpaceName.parse("https://meet.google.com/abc-MNOP-xyz")


def test_a_code_at_the_maximum_length_is_accepted():
    code = "a-b-" + "c" * 124
    assert len(code) == 128
    assert SpaceName.parse(code).value == code


def test_require_id_refuses_a_meeting_code_with_a_helpful_message():
    with pytest.raises(MeetingCodeNotAllowed, match="meeting code; this call needs the space id"):
        SpaceName.parse("abc-mnop-xyz").require_id()
    assert SpaceName.parse("spaces/jQCFfuBOdN5z").require_id().name == "spaces/jQCFfuBOdN5z"


def test_id_builds_from_a_stored_id_with_or_without_prefix():
    assert SpaceName.id("spaces/jQCFfuBOdN5z") == SpaceName.id("jQCFfuBOdN5z")
    assert SpaceName.id("abc-mnop-xyz").kind is ID  # from our own database: never reinterpreted as a code
    with pytest.raises(InvalidSpaceName):
        SpaceName.id("spaces/a b")


def test_non_text_is_refused():
    with pytest.raises(InvalidSpaceName, match="got int"):
        SpaceName.parse(42)


def test_a_space_name_and_its_id_convert_in_one_place_each_way():
    """Google's `spaces/X` and the bare `X`: the one pair of helpers the rest of meetadmin uses."""
    assert space_id_of("spaces/jQCFfuBOdN5z") == "jQCFfuBOdN5z"
    assert space_id_of("jQCFfuBOdN5z") == "jQCFfuBOdN5z"
    assert space_name_of("jQCFfuBOdN5z") == "spaces/jQCFfuBOdN5z"
    assert space_name_of("spaces/jQCFfuBOdN5z") == "spaces/jQCFfuBOdN5z"
    assert space_id_of(space_name_of("-yy3uKlef_QB")) == "-yy3uKlef_QB"
    assert space_name_of("Spaces/X") == "spaces/Spaces/X"  # the prefix is Google's, lower-case: nothing else is one
