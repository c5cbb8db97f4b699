"""What a run shows: the reporters (concise, full, JSON, SARIF, GitHub), the audit report and
its spool, the claims inventory and ``inspect``'s view of how a file was read.
"""
