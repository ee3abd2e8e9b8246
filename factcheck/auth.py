"""Who acts and what they may do: the Principal, the Role ladder, the action→role table, role lookup.

Roles come from the settings (``roles``, ``default_role``, ``local_role``), resolved once at the
edge (the CLI, the app) into a :class:`Principal`; the Workspace checks it on every guarded call.

    viewer    read, search, export
    reviewer  + record verdicts (draft / in review), undo own cluster actions, match labels, ingest
    editor    + publish, settings and rating scales, sources, feeds, ClaimReview import,
                calibration, adjudication, undo anyone's cluster action
"""

from __future__ import annotations

import getpass
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum, IntEnum
from types import MappingProxyType

from factcheck.config import Settings
from factcheck.errors import InputError, PermissionDeniedError

LOCAL_ISSUER = "local"  # the issuer of the single-user principal (no sign-in)
CLAIMREVIEW_ISSUER = "claimreview"  # the issuer recorded with imported prior fact-checks

__all__ = ["CLAIMREVIEW_ISSUER", "LOCAL_ISSUER", "REQUIRED_ROLE", "Action", "Principal", "Role",
           "local_principal", "role_for", "role_table", "signed_in_principal"]


class Role(IntEnum):
    """The role ladder: each role may do everything the roles below it may."""

    VIEWER = 1
    REVIEWER = 2
    EDITOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str, *, origin: str = "role") -> Role:
        """``viewer`` / ``reviewer`` / ``editor`` (any case) as a Role; anything else is refused."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            valid = ", ".join(r.label for r in cls)
            raise InputError(f"{origin} {text!r} is not a role; use one of: {valid}") from None


class Action(Enum):
    """A guarded kind of call; its value is the phrase used in messages."""

    READ = "read, search and export"
    RECORD_VERDICT = "record verdicts"
    UNDO_OWN = "undo their own cluster actions"
    FEEDBACK = "label prior matches (same / not the same)"
    INGEST = "ingest articles"
    PUBLISH = "publish verdicts"
    UNDO_ANY = "undo another reviewer's cluster action"
    SETTINGS = "change settings and rating scales"
    SOURCES = "manage reference sources"
    FEEDS = "manage and poll feeds"
    IMPORT_CLAIMREVIEW = "import prior fact-checks (ClaimReview)"
    CALIBRATE = "calibrate match levels"
    ADJUDICATE = "adjudicate disagreements"
    REINDEX = "rebuild the indexes"


REQUIRED_ROLE: Mapping[Action, Role] = MappingProxyType({
    Action.READ: Role.VIEWER,
    Action.RECORD_VERDICT: Role.REVIEWER,
    Action.UNDO_OWN: Role.REVIEWER,
    Action.FEEDBACK: Role.REVIEWER,
    Action.INGEST: Role.REVIEWER,
    Action.PUBLISH: Role.EDITOR,
    Action.UNDO_ANY: Role.EDITOR,
    Action.SETTINGS: Role.EDITOR,
    Action.SOURCES: Role.EDITOR,
    Action.FEEDS: Role.EDITOR,
    Action.IMPORT_CLAIMREVIEW: Role.EDITOR,
    Action.CALIBRATE: Role.EDITOR,
    Action.ADJUDICATE: Role.EDITOR,
    Action.REINDEX: Role.EDITOR,
})


@dataclass(frozen=True, slots=True)
class Principal:
    """The acting user: a stable identity (``issuer`` + ``subject``), a name to show, a role."""

    issuer: str
    subject: str
    display_name: str = ""
    role: Role = Role.VIEWER
    email: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """The stable identity: (issuer, subject); names and emails may change, this does not."""
        return (self.issuer, self.subject)

    @property
    def is_local(self) -> bool:
        """The single-user principal of a workspace without sign-in (its name is self-declared)."""
        return self.issuer == LOCAL_ISSUER

    @property
    def label(self) -> str:
        """A human label: the display name, else the email, else the subject."""
        return self.display_name or self.email or self.subject

    def can(self, action: Action) -> bool:
        return self.role >= REQUIRED_ROLE[action]

    def require(self, action: Action) -> None:
        """Raise :class:`PermissionDeniedError` naming the role ``action`` needs when this role is below it."""
        needed = REQUIRED_ROLE[action]
        if self.role >= needed:
            return
        who = self.label or "this user"
        fix = ("set the `local_role` setting (or FACTCHECK_LOCAL_ROLE)" if self.is_local else
               f"an administrator can add \"{self.email or self.subject}={needed.label}\" to the "
               "`roles` setting")
        raise PermissionDeniedError(
            f"{who} is a {self.role.label} and cannot {action.value}: that needs the "
            f"{needed.label} role; {fix}",
            action=action.value, required=needed.label, role=self.role.label)


def role_table(settings: Settings) -> dict[str, Role]:
    """The ``roles`` setting (entries ``who=role``, who = an email or an OIDC subject) as a mapping;
    keys are lower-cased."""
    table: dict[str, Role] = {}
    for entry in settings.roles:
        who, sep, role = str(entry).rpartition("=")
        if not sep or not who.strip():
            raise InputError(f"setting 'roles' entry {entry!r} must look like "
                             "'ana@example.org=editor' (an email or subject, '=', a role)")
        table[who.strip().lower()] = Role.parse(role, origin=f"setting 'roles' entry {entry!r}:")
    return table


def role_for(settings: Settings, *, subject: str, email: str = "") -> Role:
    """A signed-in user's role: their email's or subject's entry in ``roles``, else ``default_role``."""
    table = role_table(settings)
    for key in (email.strip().lower(), subject.strip().lower()):
        if key and key in table:
            return table[key]
    return Role.parse(settings.default_role, origin="setting 'default_role'")


def signed_in_principal(settings: Settings, *, issuer: str, subject: str, name: str = "",
                        email: str = "") -> Principal:
    """The principal of a user signed in with OIDC (``iss``, ``sub``, name, email claims)."""
    if not issuer.strip() or not subject.strip():
        raise InputError("a signed-in user needs both an issuer (iss) and a subject (sub); the "
                         "identity provider sent none: check its configuration")
    if issuer.strip() == LOCAL_ISSUER:
        raise InputError(f"issuer {LOCAL_ISSUER!r} is reserved for the single-user mode")
    return Principal(issuer=issuer.strip(), subject=subject.strip(),
                     display_name=(name or email).strip(), email=email.strip(),
                     role=role_for(settings, subject=subject, email=email))


def local_principal(settings: Settings, name: str = "") -> Principal:
    """The single-user principal (no sign-in): issuer ``local``, the typed name or the OS user,
    role from ``local_role`` (editor unless configured)."""
    typed = name.strip()
    if typed:
        subject = typed
    else:
        try:
            subject = getpass.getuser()
        except (KeyError, OSError):  # no user name in the environment or the password database
            subject = "local"
    return Principal(issuer=LOCAL_ISSUER, subject=subject, display_name=typed,
                     role=Role.parse(settings.local_role, origin="setting 'local_role'"))
