using Microsoft.Playwright;

namespace Suyuan.Browser.Tests;

/// <summary>
/// One headless Chromium (Debian's package: never a downloaded browser) shared by the page tests, and a folder where
/// every test keeps its screenshots as test output.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        var executable = BrowserFactAttribute.Executable;
        if (BrowserFactAttribute.MissingReason is not null)
        {
            return; // every page test is skipped
        }
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"Chromium is not installed at '{executable}' (apt-get install chromium, or set SUYUAN_CHROMIUM).");
        }
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
    }

    /// <summary>A phone-sized page (390×844, touch, zh-CN).</summary>
    public async Task<IPage> NewPhonePageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
        });
        // The page tests run beside the HTTP suite on a 2-core machine: a navigation there has taken over Playwright's
        // default 30 s to reach its load event, so waits get twice that (tests never assert a duration).
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
