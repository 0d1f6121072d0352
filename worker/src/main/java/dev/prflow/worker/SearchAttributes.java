package dev.prflow.worker;

import java.util.List;

/** The custom search attributes prflow registers when it starts the dev server. */
final class SearchAttributes {
  static final List<String> DEFINITIONS =
      List.of("TaskStatus=Keyword", "Repository=Keyword", "Priority=Keyword", "Attempt=Int");

  private SearchAttributes() {}
}
