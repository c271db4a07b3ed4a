"""Complaints (pengaduan) and their status events; SLA policies."""
