/**
 * Troubleshooting & Recommendations: turns a log entry's error code (and, for skipped entries, the Scope
 * step) into advice an admin can act on. Error codes come from the engine: Scim<Kind><HTTP status>
 * (e.g. ScimUnauthorized401, ScimRateLimited429, ScimTransient503, ScimTransient for a timeout or a
 * network failure), MappingError, TooManyDeletes, InternalError.
 */
export type Recommendation = { title: string; advice: string[] };

export type RecommendationInput = {
  errorCode: string | null;
  errorDetail: string | null;
  status: string;
  action: string;
  steps: { step: string; status: string; detail: string }[];
  applicationName: string;
  /** The gallery template's credentialsHelp: where the target's admin finds the URL and token. */
  credentialsHelp: string | null;
};

export function recommendForLogEntry(e: RecommendationInput): Recommendation | null {
  const app = e.applicationName;
  const code = e.errorCode ?? "";
  const m = /^Scim([A-Za-z]+?)(\d{3})?$/.exec(code);
  const kind = m ? m[1]!.toLowerCase() : null;
  const status = m && m[2] ? Number(m[2]) : null;
  const detail = e.errorDetail ?? "";
  const help = e.credentialsHelp ? [e.credentialsHelp] : [];

  if (kind === "unauthorized" || status === 401) {
    return {
      title: `The Secret Token was rejected by ${app} (401)`,
      advice: [
        `${app} did not accept the Secret Token: it is wrong, expired or was replaced. Generate a new token in ${app} and enter it on the Provisioning page under Admin Credentials, then click Test Connection.`,
        ...help,
        "Provisioning is quarantined until the credentials work: after saving the new token, restart provisioning.",
      ],
    };
  }
  if (kind === "forbidden" || status === 403) {
    return {
      title: `${app} refused the request (403)`,
      advice: [
        `The token was accepted but lacks the rights for this operation, or provisioning (SCIM) is switched off in ${app}. Check that SCIM-based provisioning is enabled and that the token belongs to an account allowed to manage users and groups.`,
        ...help,
      ],
    };
  }
  if (kind === "notfound" || status === 404) {
    return {
      title: `The object or endpoint was not found in ${app} (404)`,
      advice: [
        "If this was an update or a disable, the object was probably deleted in the target by someone else: the next cycle matches it again and recreates it when it is still in scope.",
        "If every request fails with 404, the Tenant URL is wrong: compare it with the SCIM base URL shown in the application's admin console, without a trailing /Users.",
      ],
    };
  }
  if (kind === "conflict" || status === 409) {
    return {
      title: `${app} already has a conflicting object (409)`,
      advice: [
        "A user or group with the same unique value (usually userName or displayName) already exists in the target but could not be matched to this source object.",
        "Check the matching attributes in the attribute mappings (the attribute with matching precedence 1 should be unique on both sides), or remove the duplicate in the target, then restart provisioning or provision this user on demand.",
      ],
    };
  }
  if (kind === "ratelimited" || status === 429) {
    return {
      title: `${app} limited the request rate (429)`,
      advice: [
        "The target asked us to slow down and kept refusing after the retries. The object is retried in the next cycle; nothing needs to be done if this is rare.",
        "If it happens often, lower the request rate for this application in the provisioning settings, or ask the vendor to raise the tenant's API limit.",
      ],
    };
  }
  if (kind === "methodnotallowed" || status === 405 || status === 501) {
    return {
      title: `${app} does not support this operation (${status ?? 405})`,
      advice: [
        "The target refused the HTTP method (for example PATCH on users). Check the application's SCIM documentation; a target that takes only PUT needs the SCIM 2.0 template with PUT updates.",
      ],
    };
  }
  if (kind === "transient") {
    if (status !== null && status >= 500) {
      return {
        title: `${app} had a server error (${status})`,
        advice: [
          "The target failed while handling the request, after retries with backoff. This is usually temporary: the object is retried in the next cycle.",
          "If it persists, check the vendor's status page, and the error detail below for what the target said.",
        ],
      };
    }
    if (/timed? ?out|timeout/i.test(detail)) {
      return {
        title: `${app} did not answer in time`,
        advice: [
          "The request timed out after retries. The target may be overloaded or unreachable from this server: check network access (proxy, firewall) to the Tenant URL. The object is retried in the next cycle.",
        ],
      };
    }
    return {
      title: `${app} could not be reached`,
      advice: [
        "The connection failed (DNS, refused connection or TLS). Check the Tenant URL's host name and that this server can reach it (proxy, firewall, certificate). The object is retried in the next cycle.",
      ],
    };
  }
  if (kind === "protocol") {
    return {
      title: `${app} answered something that is not SCIM`,
      advice: [
        "The response was not valid SCIM JSON (for example an HTML login page or an error page from a proxy). Check that the Tenant URL points at the SCIM endpoint itself, and that no proxy rewrites the answer.",
      ],
    };
  }
  if (kind === "badrequest" || (status !== null && status >= 400 && status < 500)) {
    return {
      title: `${app} refused the values sent (${status ?? 400})`,
      advice: [
        "The target rejected the request as invalid: usually a required attribute is empty or a value has the wrong format. Read the target's detail below, then fix the source attribute or its mapping (a default value or an expression).",
      ],
    };
  }
  if (code === "MappingError") {
    return {
      title: "An attribute mapping could not be evaluated",
      advice: [
        "Nothing was sent for this object. An expression failed or a required attribute has no value (see the detail below).",
        "Fix the source attribute in the directory, or edit the mapping: add a default value, or guard the expression (for example with IIF or Coalesce), then provision the user on demand to check.",
      ],
    };
  }
  if (code === "ScopingError") {
    return {
      title: "The scoping filters could not be evaluated",
      advice: [
        "Nothing was sent for this object, and it was not disabled or deleted: whether it is in scope could not be told (see the detail below).",
        "Edit the scoping filter's regular expression, or fix the attribute's value in the directory; the object is retried in the next cycle.",
      ],
    };
  }
  if (code === "TooManyDeletes") {
    return {
      title: "Held by accidental deletion prevention",
      advice: [
        "This cycle planned more disables and deletes than the accidental deletion threshold allows, so none were sent and provisioning was paused in quarantine.",
        "If the deletions are expected, choose Allow deletes on the Provisioning page to apply them once; otherwise fix the cause (an assignment or scoping filter removed by mistake) and restart provisioning.",
      ],
    };
  }
  if (code === "InternalError") {
    return {
      title: "Provisio hit an unexpected error",
      advice: [
        "The object is retried in the next cycle. If it keeps failing, restart provisioning, and report the error detail below.",
      ],
    };
  }
  if (e.status === "Skipped" || e.action === "Skipped") {
    const scope = e.steps.find((s) => s.step === "Scope");
    if (scope && scope.status !== "Success") {
      return {
        title: "Skipped: out of scope",
        advice: [
          scope.detail,
          `To provision this object, assign it to ${app} (with a role other than Default Access) or, if "Sync only assigned users and groups" is not what you want, change the scope; check the scoping filters on the attribute mappings.`,
        ],
      };
    }
    return { title: "Skipped", advice: ["Nothing needed to be sent for this object."] };
  }
  if (code)
    return {
      title: `Error ${code}`,
      advice: ["Read the error detail below; the object is retried in the next cycle."],
    };
  return null;
}
