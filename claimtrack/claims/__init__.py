"""Claims: the same allegation or reply as reported by many articles.

Wire copy is republished everywhere, and a reworded copy of a story is still the same
story. A claim groups the statements (its appearances) in which one speaker said one
thing, whatever article carried it:

- `text`: quotes normalised for comparison and how alike two of them are;
- `grouping`: which statements are appearances of one claim, each with a score and a
  reason, found by blocking on speaker and role and a date window;
- `summary`: a claim's canonical statement, where it was first reported, and how many
  appearances and outlets it has;
- `store`: grouping what a load added, in the database, and corrections by hand;
- `waiting`: the statements a load left to the next command to group;
- `republish`: an evaluation set made by republishing articles as syndicating sites do;
- `evaluate`: pairwise precision and recall of the grouping on that set.
"""
