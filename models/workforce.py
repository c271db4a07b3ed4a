"""Positions, staff, workload tasks (ABK) and WISN inputs."""
