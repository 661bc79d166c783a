"""The records the access matrix's rows name: a person of each kind, alice's space, her operation, two imports."""

from __future__ import annotations

from accounts.roles import Role, role_grant
from spaces.models import Artifact, BulkImport, ConferenceRecord, Operation, TranscriptEntry
from tests.support.access_matrix import PEOPLE
from tests.support.cached_spaces import alices_live_space
from tests.support.signed_in_people import person


def make_access_records() -> dict:
    """The people, alice's space (with a copied transcript), her operation and two imports.

    The keys are what rows name in `args`."""
    people = {name: person(f"{name}@example.com") for name in PEOPLE[1:]}
    role_grant(user=people["bob"], role=Role.HELPDESK)
    role_grant(user=people["carol"], role=Role.IT_ADMIN)
    space = alices_live_space("AliceSpace01", in_call=2, meeting_code="abc-defg-hij", config={"accessType": "OPEN"})
    own_grant = Operation.IdentityKind.OWN_GRANT
    operation = Operation.objects.create(
        kind=Operation.Kind.REFRESH, actor=people["alice"], identity_kind=own_grant, identity_email="alice@example.com",
        space=space,
    )  # fmt: skip
    for batch, actor in (("carols-batch", "carol"), ("alices-old-batch", "alice")):
        BulkImport.objects.create(batch=batch, actor=people[actor], addresses=["dave@example.com"], expanded=1)
        Operation.objects.create(
            kind=Operation.Kind.DISCOVER, actor=people[actor], identity_kind=Operation.IdentityKind.DELEGATION,
            identity_email="dave@example.com", batch=batch,
        )  # fmt: skip
    record = ConferenceRecord.objects.create(name="conferenceRecords/past1", space=space)
    transcript = Artifact.objects.create(
        name="conferenceRecords/past1/transcripts/t1", record=record, kind=Artifact.Kind.TRANSCRIPT
    )
    TranscriptEntry.objects.create(name=f"{transcript.name}/entries/e1", transcript=transcript, text="Hello all.")
    return {
        "people": people,
        "record": "past1",
        "transcript": "t1",
        "space": space.space_id,
        "operation": operation.pk,
        "batch": "carols-batch",
        "others_batch": "alices-old-batch",
        "charlie": people["charlie"].pk,
    }
