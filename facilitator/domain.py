"""The domain's vocabulary: enums for the fixed choices and frozen records for stored rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Language(StrEnum):
    FI = "fi"
    EN = "en"


class Role(StrEnum):
    MANAGEMENT = "management"
    FRONTLINE = "frontline"
    FACILITATOR = "facilitator"
    OTHER = "other"


class Step(StrEnum):
    LOBBY = "lobby"
    OBSERVE = "observe"
    IDENTIFY = "identify"
    ORDER = "order"
    TARGET = "target"
    CONDENSE = "condense"
    PLAN = "plan"
    DONE = "done"


STEPS: tuple[Step, ...] = tuple(Step)


class Viewpoint(StrEnum):
    STRATEGY = "strategy"
    EXPERIENCE = "experience"
    FEEDBACK = "feedback"


class Kind(StrEnum):
    STRENGTH = "strength"
    WEAKNESS = "weakness"


class Source(StrEnum):
    PARTICIPANT = "participant"
    FACILITATOR = "facilitator"
    IMPORT = "import"


class CustomerType(StrEnum):
    CONSUMER = "consumer"
    BUSINESS = "business"
    INTERNAL = "internal"
    CITIZEN = "citizen"
    PATIENT = "patient"


class Industry(StrEnum):
    RETAIL = "retail"
    FINANCE = "finance"
    HEALTHCARE = "healthcare"
    HOSPITALITY = "hospitality"
    ENERGY = "energy"
    PUBLIC = "public"
    IT = "it"
    OTHER = "other"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    CHAT = "chat"
    EMAIL = "email"
    WEB = "web"
    SOCIAL = "social"


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    title: str
    organisation: str
    language: Language
    customer_type: CustomerType
    industry: Industry
    channels: tuple[Channel, ...]
    step: Step
    input_open: bool
    results_visible: bool
    joining_open: bool
    timer_ends_at: datetime | None
    created_at: datetime
    # Who ran the workshop, for the documents' properties ('' when not given).
    facilitator: str = ""
    # The day the room agreed the model (left step 5 forward); None until then.
    agreed_on: date | None = None


@dataclass(frozen=True)
class Participant:
    id: int
    workshop_id: int
    role: Role
    name: str | None
    joined_at: datetime


@dataclass(frozen=True)
class Observation:
    id: int
    workshop_id: int
    participant_id: int | None
    author_role: Role
    viewpoint: Viewpoint
    kind: Kind
    text: str
    score: float | None
    source: Source
    hidden: bool
    created_at: datetime
    merged_into: int | None = None
    is_key: bool = False
