"""The trained attribution model: Citron-style CRFs over parse features.

A cue tagger finds reporting cues (verbs, nouns, "according to"); a content tagger finds
each cue's content in a window of sentences around it; the claim machinery
(pipeline.claims.proposals) resolves the speaker and merges the proposals into the rule
claims. ``features`` turns a parsed Doc into CRF features, ``corpus`` reads the
attribution corpora, ``training`` trains and scores, ``predict`` loads the shipped
artifact and proposes attributions.
"""
