"""Registered in pyproject's entry points; its checks are being written."""

from checks.model import Check

CHECKS: list[Check] = []
