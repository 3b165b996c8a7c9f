"""Tracking claims across a corpus: batch extraction, the claim database, speakers and stories."""
