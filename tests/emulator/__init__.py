"""A loopback emulator of the registries and web pages the resolver talks to."""

from tests.emulator.server import Emulator

__all__ = ["Emulator"]
