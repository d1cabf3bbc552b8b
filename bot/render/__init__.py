"""Rendering that knows no channel: plain text, the apology letter, the digest chart, tables."""
