using System.Runtime.InteropServices;
using Encore.Core.Linalg;
using Encore.Core.Models;
using Encore.Core.Models.Als;
using Microsoft.Win32.SafeHandles;

namespace Encore.Core.Artifacts;

/// <summary>
/// The ALS model's batch lists read from an <see cref="AlsCandidatesFile"/> instead of searched: top-k under the
/// strict order (score, then lower id) is the first k of the stored top-K, so every list equals
/// <see cref="AlsRecommender.RecommendUnheard"/>'s bit for bit. Records are read on demand, a chunk of users at a
/// time, so memory stays a chunk's lists whatever the number of users.
/// </summary>
public sealed class AlsCandidateLists : IBatchRecommender, IDisposable
{
    // Records read per call to the file: a ranker chunk (2,048 users × 804 bytes at k = 100) in one read.
    private const int RecordsPerRead = 4096;

    private readonly string _path;
    private readonly SafeFileHandle _file;
    private readonly AlsRecommender _model;
    private readonly long _recordBytes;
    private readonly Lock _lock = new();
    private byte[] _buffer = [];

    internal AlsCandidateLists(string path, SafeFileHandle file, AlsRecommender model, int k)
    {
        _path = path;
        _file = file;
        _model = model;
        K = k;
        _recordBytes = AlsCandidatesFile.RecordBytes(k);
    }

    /// <summary>The stored lists' length: calls for at most this many items are read, longer ones searched.</summary>
    public int K { get; }

    /// <summary>Lists of the calls answered from the file so far (for tests and measurements).</summary>
    public long ListsRead { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="EncoreException">The file's records are damaged (a count or an item out of range).</exception>
    public TopKBatch RecommendUnheard(ReadOnlySpan<int> users, int k)
    {
        var rows = _model.UserFactors.Rows;
        foreach (var user in users)
        {
            if ((uint)user >= (uint)rows)
            {
                // The model names the bad id.
                return _model.RecommendUnheard(users, k);
            }
        }

        if (k > K || k < 1)
        {
            return _model.RecommendUnheard(users, k);
        }

        var batch = new TopKBatch(users.Length, k);
        lock (_lock)
        {
            for (var i = 0; i < users.Length;)
            {
                // A run of consecutive users is one read (the ranker's chunks are one run each).
                var run = 1;
                while (run < RecordsPerRead && i + run < users.Length && users[i + run] == users[i] + run)
                {
                    run++;
                }

                Read(users[i], run, batch, i, k);
                i += run;
            }

            ListsRead += users.Length;
        }

        return batch;
    }

    /// <inheritdoc/>
    public int Recommend(int user, ReadOnlySpan<int> exclude, Span<int> items, Span<float> scores) =>
        _model.Recommend(user, exclude, items, scores);

    public void Dispose() => _file.Dispose();

    private void Read(int firstUser, int count, TopKBatch batch, int firstRow, int k)
    {
        var bytes = (int)(count * _recordBytes);
        if (_buffer.Length < bytes)
        {
            _buffer = new byte[(int)(Math.Min(RecordsPerRead, _model.UserFactors.Rows) * _recordBytes)];
        }

        var span = _buffer.AsSpan(0, bytes);
        var offset = AlsCandidatesFile.HeaderBytes + (firstUser * _recordBytes);
        for (var done = 0; done < bytes;)
        {
            var read = RandomAccess.Read(_file, span[done..], offset + done);
            if (read == 0)
            {
                throw new EncoreException($"'{_path}' is truncated: ALS candidates of user {firstUser + (done / _recordBytes)} are missing.");
            }

            done += read;
        }

        var items = _model.ItemFactors.Rows;
        for (var r = 0; r < count; r++)
        {
            var record = span.Slice((int)(r * _recordBytes), (int)_recordBytes);
            var stored = MemoryMarshal.Read<int>(record);
            if ((uint)stored > (uint)K)
            {
                throw new EncoreException($"'{_path}' is damaged: user {firstUser + r} has {stored} ALS candidates, more than its {K}.");
            }

            var n = Math.Min(k, stored);
            var ids = MemoryMarshal.Cast<byte, int>(record.Slice(sizeof(int), n * sizeof(int)));
            foreach (var id in ids)
            {
                if ((uint)id >= (uint)items)
                {
                    throw new EncoreException($"'{_path}' is damaged: user {firstUser + r} has ALS candidate {id}, outside [0, {items}).");
                }
            }

            ids.CopyTo(batch.ItemSlot(firstRow + r));
            MemoryMarshal.Cast<byte, float>(record.Slice(sizeof(int) * (1 + K), n * sizeof(float))).CopyTo(batch.ScoreSlot(firstRow + r));
            batch.SetCount(firstRow + r, n);
        }
    }
}
