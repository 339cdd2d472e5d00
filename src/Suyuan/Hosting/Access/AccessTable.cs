using Suyuan.Core.Domain;
using Suyuan.Storage.Accounts;

namespace Suyuan.Hosting.Access;

/// <summary>Who may call a path: the kinds of endpoint the platform has.</summary>
public enum AccessPolicy
{
    /// <summary>Anyone, signed in or not: the public pages, resolver, QR images, health, login, API reference.</summary>
    Public,
    /// <summary>Any signed-in admin, regulator or enterprise.</summary>
    Staff,
    /// <summary>Enterprises with the capture scope (their own events, checked per event) and admins.</summary>
    Capture,
    /// <summary>Capture jobs: the enterprise that sent them (capture scope; the listing shows it its own), regulators (read scope) and admins.</summary>
    CaptureJob,
    /// <summary>Enterprises (their own events and those addressed to them), regulators (their categories) and admins.</summary>
    Read,
    /// <summary>Cross-enterprise confidential data and regulatory acts: regulators (their departments) and admins.</summary>
    Regulator,
    /// <summary>API keys: admins for any, enterprises for their own.</summary>
    Keys,
    /// <summary>Admins only (registry changes, accounts).</summary>
    Admin,
}

/// <param name="Writes">null: any method; true: POST/PUT/PATCH/DELETE only; false: GET/HEAD only.</param>
/// <param name="Audit">The audit action recorded for each call, or null when the endpoint records its own (or it is not audited).</param>
/// <param name="Exact">The rule names the path itself only, not what lies below it (a listing, not its members).</param>
/// <param name="Category">For a regulator: only departments that regulate this category (Categories) may call it.</param>
public sealed record AccessRule(string Prefix, bool? Writes, AccessPolicy Policy, string? Audit, bool Exact = false, string? Category = null);

/// <summary>
/// The one table of who may call what, by path prefix (a prefix matches itself and what lies below it, by whole segments).
/// The first matching rule wins; an /api path no rule names is for signed-in staff, so endpoints added later are covered.
/// </summary>
public static class AccessTable
{
    private static readonly string[] DigitalLinkKeys = ["01", "00", "414", "417", "8003", "8004", "8006", "8010", "8013", "8017", "8018", "253", "255", "401", "402"];

    public static IReadOnlyList<AccessRule> Rules { get; } =
    [
        new("/health", null, AccessPolicy.Public, null),
        new("/login", null, AccessPolicy.Public, null),
        new("/logout", null, AccessPolicy.Public, null),
        // A signed-in login changes its own password (it gives the current one); the endpoint audits each attempt.
        new("/account", true, AccessPolicy.Staff, null),
        new("/t", false, AccessPolicy.Public, null),
        new("/qr", false, AccessPolicy.Public, null),
        new("/openapi", false, AccessPolicy.Public, null),
        new("/scalar", false, AccessPolicy.Public, null),
        new("/favicon.ico", false, AccessPolicy.Public, null),
        new("/css", false, AccessPolicy.Public, null),
        new("/js", false, AccessPolicy.Public, null),
        new("/static", false, AccessPolicy.Public, null),
        new("/e", false, AccessPolicy.Public, null),
        new("/api/profiles", false, AccessPolicy.Public, null),
        .. DigitalLinkKeys.Select(ai => new AccessRule("/" + ai, false, AccessPolicy.Public, null)),

        // EPCIS capture and query (the REST binding's paths). The listings of every EPC and location span all enterprises, so
        // they are for regulators and admins; an enterprise reads a value's events below it, filtered to its own. The capture
        // job listing is the CaptureJob rule's: an enterprise lists the jobs it sent.
        new("/epcs", false, AccessPolicy.Regulator, "events.query", Exact: true),
        new("/bizLocations", false, AccessPolicy.Regulator, "events.query", Exact: true),
        new("/readPoints", false, AccessPolicy.Regulator, "events.query", Exact: true),
        new("/capture", true, AccessPolicy.Capture, "events.capture"),
        new("/capture", false, AccessPolicy.CaptureJob, null),
        new("/events", true, AccessPolicy.Capture, "events.capture"),
        new("/events", false, AccessPolicy.Read, "events.query"),
        new("/eventTypes", false, AccessPolicy.Read, "events.query"),
        new("/epcs", false, AccessPolicy.Read, "events.query"),
        new("/bizSteps", false, AccessPolicy.Read, "events.query"),
        new("/bizLocations", false, AccessPolicy.Read, "events.query"),
        new("/readPoints", false, AccessPolicy.Read, "events.query"),
        new("/dispositions", false, AccessPolicy.Read, "events.query"),
        new("/queries", true, AccessPolicy.Read, "queries.write"),
        new("/queries", false, AccessPolicy.Read, "events.query"),

        // Platform APIs.
        new("/api/session", null, AccessPolicy.Staff, null),
        new("/api/trace", null, AccessPolicy.Regulator, "trace.read"),
        new("/api/recall", null, AccessPolicy.Regulator, "recall.impact"),
        new("/api/recalls", false, AccessPolicy.Staff, null),
        new("/api/recalls", true, AccessPolicy.Regulator, "recall.write"),
        new("/api/alerts", false, AccessPolicy.Regulator, "alerts.read"),
        new("/api/alerts", true, AccessPolicy.Regulator, "alert.acknowledge"),
        new("/api/audit", null, AccessPolicy.Regulator, "audit.read"),
        new("/api/keys", null, AccessPolicy.Keys, null),
        new("/api/accounts", null, AccessPolicy.Admin, null),
        // How much each enterprise reports, and when it last did, is what regulators rate enterprises by: not for other enterprises.
        new("/api/enterprises/activity", false, AccessPolicy.Regulator, null),
        new("/api/enterprises/last-reported", false, AccessPolicy.Regulator, null),
        new("/api/enterprises", false, AccessPolicy.Staff, null),
        new("/api/enterprises", true, AccessPolicy.Admin, "registry.write"),
        new("/api/catalogue", false, AccessPolicy.Staff, null),
        new("/api/catalogue", true, AccessPolicy.Admin, "registry.write"),
        new("/api/directory", false, AccessPolicy.Staff, null),
        new("/api/directory", true, AccessPolicy.Admin, "registry.write"),
        new("/record", true, AccessPolicy.Capture, "events.record"),
        new("/record", false, AccessPolicy.Capture, null),
        new("/dashboard/alerts", true, AccessPolicy.Regulator, "alert.acknowledge"),
        new("/dashboard", false, AccessPolicy.Regulator, "dashboard.read"),
        new("/api/dashboard", false, AccessPolicy.Regulator, "dashboard.read"),
        new("/regulator", false, AccessPolicy.Regulator, "chemicals.read", Category: Categories.HazardousChemical),
        new("/api/chemicals", false, AccessPolicy.Regulator, "chemicals.read", Category: Categories.HazardousChemical),
        new("/api/record", true, AccessPolicy.Capture, "events.record"),
        new("/api/record", false, AccessPolicy.Capture, null),
        new("/api", true, AccessPolicy.Staff, "api.write"),
        new("/api", false, AccessPolicy.Staff, null),
    ];

    /// <summary>The rule for a request; the landing page is public, other paths no rule names are for staff.</summary>
    public static AccessRule Match(string method, string path)
    {
        if (path is "" or "/" || HttpMethods.IsOptions(method))
        {
            return new(path, null, AccessPolicy.Public, null);
        }
        var writes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method));
        foreach (var rule in Rules)
        {
            if ((rule.Writes is null || rule.Writes == writes) && (rule.Exact ? path.TrimEnd('/').Equals(rule.Prefix, StringComparison.OrdinalIgnoreCase) : Under(path, rule.Prefix)))
            {
                return rule;
            }
        }
        return new(path, null, AccessPolicy.Staff, writes ? "api.write" : null);
    }

    /// <summary>Why the actor may not call a path of this rule, or null when it may.</summary>
    public static string? Refusal(AccessRule rule, Actor actor) =>
        Refusal(rule.Policy, actor)
        ?? (rule.Category is { } category && actor.IsRegulator && !actor.RegulatedCategories.Contains(category)
            ? $"{Categories.Find(category)?.NameEn.ToLowerInvariant() ?? category} are regulated by {string.Join(" and ", Categories.Find(category)?.Departments ?? [])}, not by your department ({actor.Department})"
            : null);

    /// <summary>Why the actor may not call a path of this policy, or null when it may.</summary>
    public static string? Refusal(AccessPolicy policy, Actor actor) => policy switch
    {
        AccessPolicy.Public or AccessPolicy.Staff => null,
        _ when actor.IsAdmin => null,
        AccessPolicy.Capture when !actor.IsEnterprise => "capturing events is for enterprises (their own events) and admins",
        AccessPolicy.Capture when !actor.Can(Scopes.Capture) => "this API key has no 'capture' scope",
        AccessPolicy.CaptureJob when actor.IsRegulator => actor.Can(Scopes.Read) ? null : "this API key has no 'read' scope",
        AccessPolicy.CaptureJob when !actor.IsEnterprise => "a capture job is read by the enterprise that sent it, regulators and admins",
        AccessPolicy.CaptureJob when !actor.Can(Scopes.Capture) => "this API key has no 'capture' scope",
        AccessPolicy.Read when !actor.Can(Scopes.Read) => "this API key has no 'read' scope",
        AccessPolicy.Read => null,
        AccessPolicy.Regulator when !actor.IsRegulator => "this is confidential data or a regulatory act: for regulators and admins only",
        AccessPolicy.Regulator when !actor.Can(Scopes.Read) => "this API key has no 'read' scope",
        AccessPolicy.Keys when !actor.IsEnterprise => "API keys are managed by admins, and by enterprises for their own keys",
        AccessPolicy.Keys when !actor.Can(Scopes.Manage) => "this API key has no 'manage' scope: manage keys after signing in at /login",
        AccessPolicy.Admin => "for admins only",
        _ => null,
    };

    private static bool Under(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && (path.Length == prefix.Length || path[prefix.Length] == '/' || prefix.EndsWith('/'));
}
