"""Learned attribution layer on the shipped all-MiniLM-L6-v2 encoder: token tags, calibrated item scores."""
