namespace Suyuan.Browser.Tests;

/// <summary>
/// A page test: it needs Debian's Chromium. On a developer's machine without it the test is reported as skipped, with how
/// to install it; under CI (CI=true) a missing browser is a failure, never a skip.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (MissingReason is { } reason)
        {
            Skip = reason;
        }
    }

    public static string Executable =>
        Environment.GetEnvironmentVariable("SUYUAN_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    /// <summary>Why page tests cannot run here, or null when they can (or must: under CI they always run).</summary>
    public static string? MissingReason =>
        File.Exists(Executable) || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Chromium is not installed at '{Executable}' (apt-get install chromium fonts-noto-cjk, or set SUYUAN_CHROMIUM); .ci/run installs it";
}
