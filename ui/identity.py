"""Who is reviewing: the user signed in with OIDC (st.user), or in single-user mode the typed name.

With an ``[auth]`` section in the app's secrets the app asks everyone to sign in (``st.login``);
the principal is then ``st.user``'s ``iss`` + ``sub`` with the role from the ``roles`` setting.
Without one the app is the single-user local app (127.0.0.1), and the sidebar asks for a name.
"""

from __future__ import annotations

from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from factcheck.auth import (
    REQUIRED_ROLE,
    Action,
    Principal,
    Role,
    local_principal,
    signed_in_principal,
)
from factcheck.config import Settings
from factcheck.errors import FactcheckError
from ui import state


def auth_configured() -> bool:
    """Whether the app's secrets name an OIDC provider (an ``[auth]`` section)."""
    try:
        return "auth" in st.secrets
    except (StreamlitSecretNotFoundError, FileNotFoundError):
        return False


def signed_in() -> bool:
    return bool(getattr(st.user, "is_logged_in", False))


def _claim(name: str) -> str:
    user: Any = st.user
    return str(user.get(name) or "")


def current_principal(settings: Settings) -> Principal:
    """The acting user: the signed-in OIDC user, else the local single user (typed name).

    A signed-in user whose claims or role setting are unusable is a viewer (the error is shown
    in the sidebar): they can read, never write.
    """
    if signed_in():
        try:
            verified: Any = st.user.get("email_verified")
            return signed_in_principal(settings, issuer=_claim("iss"), subject=_claim("sub"),
                                       name=_claim("name"), email=_claim("email"),
                                       email_verified=None if verified is None else
                                       verified is True or str(verified).lower() == "true")
        except FactcheckError as exc:
            st.session_state[state.IDENTITY_ERROR] = str(exc)
            return Principal(_claim("iss") or "unknown", _claim("sub") or "unknown",
                             _claim("name") or _claim("email"), Role.VIEWER, _claim("email"))
    typed = str(state.get(state.REVIEWER_NAME, "") or "").strip()
    return local_principal(settings, typed)


def current_reviewer() -> str:
    """The name recorded with verdicts and labels ("" when nobody said who they are): the
    signed-in user's name (else email, else subject), or the name typed in the sidebar."""
    if signed_in():
        return _claim("name") or _claim("email") or _claim("sub")
    return str(state.get(state.REVIEWER_NAME, "") or "").strip()


def denied_reason(principal: Principal, action: Action) -> str:
    """Why a control is disabled for ``principal`` ("" when it may use it)."""
    if principal.can(action):
        return ""
    return (f"Needs the {REQUIRED_ROLE[action].label} role to {action.value}; you are a "
            f"{principal.role.label}.")


def login_page() -> None:
    """The only page a visitor sees while an OIDC provider is configured and nobody signed in."""
    st.title("factcheck")
    st.markdown("This fact-checking desk requires signing in with your organisation's account.")
    st.button("Sign in", key="auth.login", type="primary", on_click=st.login, icon="🔑")


def reviewer_sidebar(principal: Principal) -> None:
    """The sidebar: who is signed in and their role (with sign-out), or the name box."""
    with st.sidebar:
        if signed_in():
            st.caption("Signed in as")
            st.text(principal.label)
            if principal.email and principal.email != principal.label:
                st.text(principal.email)  # as plain text: no Markdown, no mailto link
            st.caption(f"Role: **{principal.role.label}**")
            error = state.get(state.IDENTITY_ERROR)
            if error:
                st.error(f"Your account could not be given a role: {error}")
            st.button("Sign out", key="auth.logout", on_click=st.logout)
        else:
            st.text_input("Your name (recorded with verdicts)", key=state.REVIEWER_NAME,
                          placeholder="e.g. Alex Doe")
            if principal.role is not Role.EDITOR:
                st.caption(f"Role: **{principal.role.label}** (setting local_role)")
