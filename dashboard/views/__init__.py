"""Streamlit panels of the dashboard; they only read built tables (no NLP here)."""
