using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Core.Domain;
using Suyuan.Core.Profiles;
using Suyuan.Hosting;

namespace Suyuan.Features.Profiles;

/// <summary>The category profiles as data: what each critical tracking event must (required) and should (recommended) carry.</summary>
internal static class ProfilesApi
{
    internal sealed record ProfileSummary(string Namespace, string CategoryField, IReadOnlyList<CategoryProfile> Profiles);

    public static IEndpointRouteBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/profiles").WithTags("Profiles");
        group.MapGet("/", List).WithSummary("Every category profile: critical tracking events and their key data elements");
        group.MapGet("/{category}", Get).WithSummary("One category's profile (a Categories code such as edible-agricultural)");
        return app;
    }

    private static Ok<ProfileSummary> List() =>
        TypedResults.Ok(new ProfileSummary(SuyuanVocabulary.Namespace, SuyuanVocabulary.Prefix + ":" + SuyuanVocabulary.CategoryField, CategoryProfiles.All));

    private static Results<Ok<CategoryProfile>, ProblemHttpResult> Get(string category) =>
        CategoryProfiles.Find(category) is { } profile
            ? TypedResults.Ok(profile)
            : Problems.NotFound($"no profile for category '{category}'; profiles: {string.Join(", ", CategoryProfiles.All.Select(p => p.Category))}", "/category");
}
