<?php
// The router of PHP's built-in server for tests/import_live.rs: uploads from the test's
// content folder, the files of Debian's WordPress as they are, everything else through
// WordPress (index.php's work, with bootstrap.php in place of wp-config.php).
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (strpos($path, '/wp-content/uploads/') === 0) {
    $root = realpath(getenv('CHAPBOOK_WP_DIR') . '/wp-content/uploads');
    $file = realpath($root . '/' . rawurldecode(substr($path, strlen('/wp-content/uploads/'))));
    if ($file === false || strpos($file, $root . '/') !== 0 || !is_file($file)) {
        http_response_code(404);
        return true;
    }
    header('Content-Type: ' . mime_content_type($file));
    header('Content-Length: ' . filesize($file));
    readfile($file);
    return true;
}
if ($path !== '/' && substr($path, -4) !== '.php' && is_file(getenv('CHAPBOOK_WP_ROOT') . $path)) {
    return false;
}
require __DIR__ . '/bootstrap.php';
define('WP_USE_THEMES', true);
require_once ABSPATH . 'wp-settings.php';
wp();
require_once ABSPATH . WPINC . '/template-loader.php';
