// cmark-gfm (Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev): GitHub-flavoured
// Markdown to HTML, with the table, strikethrough, autolink, tagfilter and tasklist extensions.
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
