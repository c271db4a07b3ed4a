"""Public-service innovations, their evidence, and local competitions (issue 10; to be built)."""
