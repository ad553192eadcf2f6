"""Getting articles in: seed files and feeds, each turned into `IncomingArticle`s for the pipeline."""
