"""Who is reviewing: the logged-in user (st.user) or a name typed in the sidebar."""

from __future__ import annotations

import streamlit as st

from ui import state


def current_reviewer() -> str:
    """The reviewer recorded with verdicts and feedback ("" when nobody said who they are).

    A logged-in user is stored as ``name <email>`` (or their issuer+subject when there is
    no email); otherwise the name typed in the sidebar.
    """
    user = st.user
    if getattr(user, "is_logged_in", False):
        email = str(user.get("email") or "")
        name = str(user.get("name") or "")
        if email:
            return f"{name} <{email}>" if name else email
        return f"{user.get('iss', '')}#{user.get('sub', '')}"
    return str(state.get(state.REVIEWER_NAME, "") or "").strip()


def reviewer_sidebar() -> None:
    """The sidebar box that names the reviewer when nobody is logged in."""
    user = st.user
    with st.sidebar:
        if getattr(user, "is_logged_in", False):
            st.caption("Signed in as")
            st.text(current_reviewer())
        else:
            st.text_input("Your name (recorded with verdicts)", key=state.REVIEWER_NAME,
                          placeholder="e.g. Alex Doe")
