package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Mem is a process's memory in bytes, from /proc/PID/status.
type Mem struct {
	RSS  int64 // VmRSS: resident, file-backed mappings (index files) included
	HWM  int64 // VmHWM: peak of RSS
	Anon int64 // RssAnon: resident heap and stacks, without mapped files
}

// ProcMem returns the memory of process pid (0 means this process).
func ProcMem(pid int) (Mem, error) {
	var m Mem
	path := "/proc/self/status"
	if pid > 0 {
		path = "/proc/" + strconv.Itoa(pid) + "/status"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		for key, dst := range map[string]*int64{"VmRSS:": &m.RSS, "VmHWM:": &m.HWM, "RssAnon:": &m.Anon} {
			if rest, ok := strings.CutPrefix(line, key); ok {
				f := strings.Fields(rest)
				if len(f) >= 1 {
					kb, _ := strconv.ParseInt(f[0], 10, 64)
					*dst = kb * 1024
				}
			}
		}
	}
	return m, nil
}

// ResetPeakRSS resets this process's VmHWM to its current RSS, so that a
// later reading is the peak of what ran since (Linux ≥ 4.0).
func ResetPeakRSS() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// DiskSize returns the bytes of the regular files under path (following
// one symlink at path itself).
func DiskSize(path string) (int64, error) {
	if p, err := filepath.EvalSymlinks(path); err == nil {
		path = p
	}
	var n int64
	err := filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
		}
		return nil
	})
	return n, err
}

// MB formats bytes as mebibytes.
func MB(b int64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }
