using Microsoft.AspNetCore.Http.HttpResults;
using Suyuan.Hosting.Directory;

namespace Suyuan.Hosting.Access;

/// <summary>A regulator sees the traces and recalls that concern its department's categories: some party or location on them belongs to such an enterprise.</summary>
internal static class RegulatorScope
{
    /// <summary>Null when the caller may see a result touching these parties and locations (canonical ids); otherwise the 403 to answer.</summary>
    public static async Task<ProblemHttpResult?> CheckAsync(HttpContext http, IEnumerable<string> partiesAndLocations, CancellationToken ct)
    {
        var actor = http.Actor();
        if (!actor.IsRegulator)
        {
            return null;
        }
        var mine = actor.RegulatedCategories;
        var directory = http.RequestServices.GetRequiredService<IEnterpriseDirectory>();
        foreach (var id in partiesAndLocations.Distinct(StringComparer.Ordinal))
        {
            // The directory keys ids in the registry's canonical form and normalises what it is asked.
            var owner = await directory.OwnerOfAsync(id, ct);
            if (owner is not null && (await directory.CategoriesOfAsync(owner, ct)).Overlaps(mine))
            {
                return null;
            }
        }
        return Problems.Create(StatusCodes.Status403Forbidden, "Forbidden",
            $"this concerns no registered enterprise of the categories your department regulates ({string.Join(", ", mine.Order(StringComparer.Ordinal))})", "/id");
    }
}
