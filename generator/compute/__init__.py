"""The compute stage: pure functions from typed models to the figures pages show."""
