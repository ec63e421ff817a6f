"""Views of certificates: public verification and keys, learner downloads, staff hand-over."""
