"""Streamlit panels of the dashboard; they only read built tables (no NLP here)."""


#: Colour of each QuadClass (blue: cooperation, red: conflict; darker: material), shared by the
#: timeline bars and the stance table's share bars.
QUAD_COLORS = {
    "Verbal cooperation": "#74add1",
    "Material cooperation": "#313695",
    "Verbal conflict": "#f46d43",
    "Material conflict": "#a50026",
    "Unknown": "#9e9e9e",
}


def column_config(**extra) -> dict:
    """Column settings shared by the panels' tables (dates without times, wide sentences, one-decimal
    Goldstein scores) plus ``extra`` ones."""
    import streamlit as st

    return {
        "date": st.column_config.TextColumn("date", help="Event date, written to its precision (2014, 2014-03, "
                                                          "2014-03-18)."),
        "first": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "last": st.column_config.DateColumn(format="YYYY-MM-DD"),
        "goldstein": st.column_config.NumberColumn(format="%.1f"),
        "sentence": st.column_config.TextColumn(width="large"),
        **extra,
    }
