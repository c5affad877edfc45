#!/usr/bin/env python3
"""Ask the online-safety decision service what to do about an incident.

Python 3.8+, standard library only: an example of calling the service from a school system
that is not written in JavaScript. Start the service first (in the repository):

    npx online-safety serve

then, for each incident file (JSON, in the shared vocabulary; "-" reads standard input):

    python3 examples/service/client.py --policy elim-school examples/service/teacher-texts-pupil.json

prints the action plan (Do now, Do next, Decide, Ask); --json prints the whole decision.
Exits 0 when every incident got a decision, 1 when one was refused (the service's error and
the path of each problem are printed on standard error) or the service could not be reached.
"""

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


class ServiceError(Exception):
    """The service refused the request: its error code, message and issues (path, message)."""

    def __init__(self, status, error):
        super().__init__(error.get("message", ""))
        self.status = status
        self.code = error.get("code", "unknown")
        self.message = error.get("message", "")
        self.issues = error.get("issues", [])


def decide(url, incident_text, policy=None, today=None, plan=True):
    """POST one incident (JSON text) to /v1/decisions; returns the plan (or decision) as a dict."""
    query = {"format": "plan" if plan else "full"}
    if policy:
        query["policy"] = policy
    if today:
        query["today"] = today
    request = urllib.request.Request(
        url.rstrip("/") + "/v1/decisions?" + urllib.parse.urlencode(query),
        data=incident_text.encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        # Every error the service answers is {"error": {"code", "message", "issues"?}}.
        try:
            body = json.load(error)
        except ValueError:
            body = {"error": {"code": "http-%d" % error.code, "message": error.reason}}
        raise ServiceError(error.code, body["error"]) from None


def force(line):
    """ "must", or "should, immediately": how strongly and how soon."""
    return line["modality"] + (", " + line["timing"] if line.get("timing") else "")


def print_plan(name, plan):
    print("== %s ==" % name)
    if plan["classified"]:
        print("Classified: " + "; ".join(plan["classified"]))
    print("Do now:" if plan["doNow"] else "Do now: nothing the policy makes urgent")
    for line in plan["doNow"]:
        contact = line.get("contact") or {}
        who = ", ".join(part for part in (contact.get("name"), contact.get("route")) if part)
        print("  - %s (%s)%s" % (line["says"], force(line), " - " + who if who else ""))
    if plan["doNext"]:
        print("Do next:")
    for group in plan["doNext"]:
        print("  " + group["title"] + ":")
        for line in group["lines"]:
            print("    - %s (%s)" % (line["says"], force(line)))
    if plan["decide"]:
        print("Decide:")
    for line in plan["decide"]:
        print("  - %s (%s)" % (line["says"], force(line)))
    if plan["ask"]:
        print("Ask:")
    for question in plan["ask"][:5]:
        print("  - %s -> would add: %s" % (question["ask"], "; ".join(question["wouldAdd"])))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Ask the online-safety decision service what to do about an incident.")
    parser.add_argument("--url", default="http://127.0.0.1:8080", help="where the service is (default: %(default)s)")
    parser.add_argument("--policy", help="the policy id (needed when the service serves several)")
    parser.add_argument("--today", help="the date of the decision, YYYY-MM-DD (default: today)")
    parser.add_argument("--json", action="store_true", help="print the whole decision as JSON, not the plan")
    parser.add_argument("incidents", nargs="+", help="incident files (JSON); - reads standard input")
    args = parser.parse_args(argv)

    refused = 0
    for name in args.incidents:
        if name == "-":
            text = sys.stdin.read()
        else:
            with open(name, encoding="utf-8") as f:
                text = f.read()
        try:
            answer = decide(args.url, text, policy=args.policy, today=args.today, plan=not args.json)
        except ServiceError as error:
            refused += 1
            print("%s: %s (%s, HTTP %d)" % (name, error.message, error.code, error.status), file=sys.stderr)
            for issue in error.issues:
                path = ".".join(str(part) for part in issue["path"]) or "(the incident)"
                print("  %s: %s" % (path, issue["message"]), file=sys.stderr)
            continue
        except urllib.error.URLError as error:
            print("cannot reach the service at %s: %s" % (args.url, error.reason), file=sys.stderr)
            return 1
        if args.json:
            print(json.dumps(answer, indent=2))
        else:
            print_plan(name, answer)
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
