"""Check-worthiness: split an article into sentences and score how worth checking each one is.

Pure code (no models, no database): ``split`` finds sentences with exact offsets, ``features``
turns sentences into the model's inputs, ``model`` loads the trained weights once per process and
scores sentences with a reason taken from the features that contributed most.
"""
