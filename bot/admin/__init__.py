"""Corpus administration, feedback and evaluation: what admins run beside the question pipeline."""
