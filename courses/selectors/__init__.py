"""Reads of the courses app: progress, catalogue, assignment scope, learner home."""
