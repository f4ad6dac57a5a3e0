"""People: who each finding is about. identity.py links the names and ids of one person across an
export, owner.py recognises the account owner, attribution.py gives every finding its person_id."""

from handover_scan.people.attribution import (NOT_PEOPLE, OWNER_ID, UNATTRIBUTED_ID, Person, attribute)
from handover_scan.people.identity import Identities

__all__ = ["NOT_PEOPLE", "OWNER_ID", "UNATTRIBUTED_ID", "Identities", "Person", "attribute"]
