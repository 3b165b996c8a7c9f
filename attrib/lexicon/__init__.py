"""The linguistic data of patterns/ (cues, frames, outlets, titles, furniture, aliases), loaded and checked."""
