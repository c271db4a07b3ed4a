"""Service standards (14 components), maklumat and SOPs."""
