// Search is added with the search index (see issue 4).
