"""The wording templates, installed as the package data generator.templates."""
