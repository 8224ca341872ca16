"""Scripted trainees and simulated calls. May import counterpart and below."""
