"""Reading inputs: decoding bytes, text files, JSONL corpora, saved web pages, corpus folders."""
