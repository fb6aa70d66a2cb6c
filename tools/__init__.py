"""Developer tools: not part of the product, and not in what a site is fingerprinted from."""
