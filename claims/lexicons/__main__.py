"""``python -m claims.lexicons``: rebuild compiled.json after editing a lexicon YAML file."""

from claims.lexicons import write_compiled

print(write_compiled())
