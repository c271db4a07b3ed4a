"""Community satisfaction surveys (SKM): questionnaires, responses, follow-up and publication."""
