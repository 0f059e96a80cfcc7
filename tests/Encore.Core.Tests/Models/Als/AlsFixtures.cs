using Encore.Core.Data.Interactions;
using Encore.Core.Models.Als;

namespace Encore.Core.Tests.Models.Als;

internal static class AlsFixtures
{
    /// <summary>
    /// A checkerboard: user u listens to every item j with (u + j) even, except item u itself (withheld), so each
    /// user's only unheard item of its own parity is u. Plays vary so confidence is not constant.
    /// </summary>
    public static SparseMatrix CheckerboardWithDiagonalWithheld(int n)
    {
        var users = new List<int>();
        var items = new List<int>();
        var values = new List<float>();
        for (var u = 0; u < n; u++)
        {
            for (var j = 0; j < n; j++)
            {
                if ((u + j) % 2 == 0 && j != u)
                {
                    users.Add(u);
                    items.Add(j);
                    values.Add(1 + ((u * 7 + j) % 3));
                }
            }
        }

        return SparseMatrix.FromTriplets(n, n, users.ToArray(), items.ToArray(), values.ToArray());
    }

    public static AlsOptions Small(AlsSolverKind solver = AlsSolverKind.ConjugateGradient, int threads = 2) => new()
    {
        Factors = 8,
        Iterations = 15,
        Regularization = 0.05f,
        Alpha = 5f,
        Seed = 42,
        Threads = threads,
        Solver = solver,
    };
}
