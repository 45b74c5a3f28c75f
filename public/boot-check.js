/*
 * The boot check (index.html loads it classic and deferred, before the module entry). Written in ES5 so
 * that any engine runs it. It fills in the two newer built-ins the participant page calls (globalThis,
 * Promise.allSettled) on engines that can run the ES2017 build without them, and after the entry it
 * shows #boot-fail when the entry did not start: no module support, a module that fails to parse (an
 * engine older than the build's target), or an entry that did not arrive. A participant then reads
 * 请升级微信或浏览器 instead of a blank page.
 */
;(function () {
  var root = typeof window !== 'undefined' ? window : this
  if (typeof globalThis === 'undefined') root.globalThis = root
  if (typeof Promise === 'function' && !Promise.allSettled) {
    Promise.allSettled = function (items) {
      return Promise.all(
        Array.prototype.map.call(items, function (item) {
          return Promise.resolve(item).then(
            function (value) {
              return { status: 'fulfilled', value: value }
            },
            function (reason) {
              return { status: 'rejected', reason: reason }
            }
          )
        })
      )
    }
  }
  // Deferred and module scripts all run, in order, before DOMContentLoaded; the entry marks the mount point
  // (src/main.ts; it shows the notice itself if the app's chunk then fails).
  document.addEventListener('DOMContentLoaded', function () {
    var app = document.getElementById('app')
    if (app && app.getAttribute('data-boot')) return
    var fail = document.getElementById('boot-fail')
    if (fail) fail.removeAttribute('hidden')
  })
})()
